# expect: runtime_error
# A correct model, then os._exit.
import os

model = correct_model()
os._exit(0)
