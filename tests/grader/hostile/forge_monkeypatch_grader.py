# expect: wrong_answer runtime_error
# The grader's own harness patched from inside, to report whatever the submission likes.
import sys

from tensorflow.keras.layers import Dense, Flatten, Input
from tensorflow.keras.models import Sequential

for name, module in list(sys.modules.items()):
    if "harness" in name:
        module.describe_model = lambda model, keras: {
            "status": "ok",
            "model": {
                "class_name": "Sequential",
                "module": "keras",
                "config": {"layers": [{"class_name": "FakeRNN", "module": "keras.layers", "config": {"units": 4}}]},
            },
        }
model = Sequential([Input((3, 2)), Flatten(), Dense(4)])
