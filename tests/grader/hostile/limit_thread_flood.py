# expect: runtime_error time_limit
# Thousands of threads.
import threading
import time

threads = [threading.Thread(target=time.sleep, args=(60,)) for _ in range(5000)]
for thread in threads:
    thread.start()
model = correct_model()
