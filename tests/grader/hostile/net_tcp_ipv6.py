# expect: runtime_error
# IPv6 loopback.
import socket

socket.create_connection(("::1", 6379), timeout=1)
model = correct_model()
