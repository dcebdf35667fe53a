# expect: runtime_error
# UDP to loopback.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"ping", ("127.0.0.1", 53))
model = correct_model()
