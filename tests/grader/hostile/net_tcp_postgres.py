# expect: runtime_error
# The database's port.
import socket

socket.create_connection(("127.0.0.1", 5432), timeout=1)
model = correct_model()
