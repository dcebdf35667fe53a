# expect: runtime_error
# The broker's port: a submission that could talk to Redis could queue or forge tasks.
import socket

socket.create_connection(("127.0.0.1", 6379), timeout=1)
model = correct_model()
