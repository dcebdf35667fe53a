# expect: runtime_error
# Filling the scratch space: it is bounded.
with open("/tmp/big", "wb") as handle:
    for _ in range(200):
        handle.write(b"x" * 1024 * 1024)
model = correct_model()
