# expect: output_limit
# Flooding stdout.
while True:
    print("x" * 4096)
