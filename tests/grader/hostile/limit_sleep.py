# expect: time_limit
# Sleeping past the wall clock.
import time

time.sleep(3600)
model = correct_model()
