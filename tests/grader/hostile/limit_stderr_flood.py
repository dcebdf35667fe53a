# expect: output_limit
# Flooding stderr, unbuffered.
import os

while True:
    os.write(2, b"y" * 65536)
