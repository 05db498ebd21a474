"""A user's torch training loop: a two-layer MLP, RMSprop with momentum, a StepLR schedule, recorded with
isostep_record.TorchRecorder (the module `isostep recorder --python` writes; on sys.path via argv[1])."""
import sys

sys.path.insert(0, sys.argv[1])
import torch  # noqa: E402
from isostep_record import TorchRecorder  # noqa: E402

torch.manual_seed(0)
torch.set_num_threads(1)
model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))
x, y = torch.randn(32, 4), torch.randint(0, 3, (32,))
opt = torch.optim.RMSprop(model.parameters(), lr=0.01, momentum=0.9)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
rec = TorchRecorder(opt, model.named_parameters(), sys.argv[2], steps=8)
for _ in range(10):  # trains past the 8 recorded steps: the recorder stops, training goes on
    opt.zero_grad()
    torch.nn.functional.cross_entropy(model(x), y).backward()
    opt.step()
    sched.step()
rec.close()
