"""A user's optax training loop: a two-layer MLP in jax, optax.adam with an exponential_decay schedule,
eager (no jit while recording), recorded with isostep_record.OptaxRecorder."""
import os
import sys

os.environ.setdefault("JAX_PLATFORMS", "cpu")
sys.path.insert(0, sys.argv[1])
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import optax  # noqa: E402
from isostep_record import OptaxRecorder  # noqa: E402

k1, k2, k3 = jax.random.split(jax.random.PRNGKey(0), 3)
params = {"layer1": {"w": jax.random.normal(k1, (4, 8)) * 0.5, "b": jnp.zeros(8)},
          "layer2": {"w": jax.random.normal(k2, (8, 3)) * 0.5, "b": jnp.zeros(3)}}
x = jax.random.normal(k3, (32, 4))
y = jnp.arange(32) % 3


def loss(p):
    h = jnp.tanh(x @ p["layer1"]["w"] + p["layer1"]["b"])
    logits = h @ p["layer2"]["w"] + p["layer2"]["b"]
    return optax.softmax_cross_entropy_with_integer_labels(logits, y).mean()


schedule = optax.exponential_decay(1e-2, transition_steps=2, decay_rate=0.5)
rec = OptaxRecorder(optax.adam(schedule), sys.argv[2], optimizer="adam",
                    hyperparameters={"learning_rate": schedule}, steps=6)
state = rec.init(params)
grad_fn = jax.grad(loss)
for _ in range(6):
    updates, state = rec.update(grad_fn(params), state, params)
    params = optax.apply_updates(params, updates)
rec.close()
