# expect: runtime_error
# One file larger than the file-size limit.
with open("/tmp/large", "wb") as handle:
    handle.write(b"x" * 12 * 1024 * 1024)
model = correct_model()
