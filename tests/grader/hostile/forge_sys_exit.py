# expect: runtime_error
# A correct model, then sys.exit before the harness can look at it.
import sys

model = correct_model()
sys.exit(0)
