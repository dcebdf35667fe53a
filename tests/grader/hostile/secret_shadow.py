# expect: runtime_error
# System secrets.
open("/etc/shadow").read()
model = correct_model()
