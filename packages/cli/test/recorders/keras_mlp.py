"""A user's Keras 3 training loop: a two-layer MLP, RMSprop with an ExponentialDecay schedule and momentum,
eager apply_gradients, recorded with isostep_record.KerasRecorder."""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
sys.path.insert(0, sys.argv[1])
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from isostep_record import KerasRecorder  # noqa: E402

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="tanh"), keras.layers.Dense(3)])
rng = np.random.default_rng(0)
x, y = rng.standard_normal((32, 4)).astype("float32"), rng.integers(0, 3, 32)
schedule = keras.optimizers.schedules.ExponentialDecay(0.01, decay_steps=2, decay_rate=0.5)
opt = keras.optimizers.RMSprop(learning_rate=schedule, momentum=0.9)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
with KerasRecorder(opt, sys.argv[2], steps=6):
    for _ in range(6):
        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x))
        grads = tape.gradient(loss, model.trainable_variables)
        opt.apply_gradients(zip(grads, model.trainable_variables))
