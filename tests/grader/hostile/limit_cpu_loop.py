# expect: time_limit
# Burning CPU.
while True:
    pass
