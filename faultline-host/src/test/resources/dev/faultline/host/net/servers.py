# Test servers run inside a network namespace: TCP echo/bulk sink on 7000, UDP echo on 7001,
# a minimal DNS resolver on UDP 53 answering every A query with this server's own address.
import socket, socketserver, struct, sys, threading

ip = sys.argv[1]

class Tcp(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline()
        if line.startswith(b"bulk "):
            left = int(line.split()[1])
            while left > 0:
                chunk = self.rfile.read(min(65536, left))
                if not chunk:
                    return
                left -= len(chunk)
            self.wfile.write(b"ok\n")
        else:
            self.wfile.write(line)

class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

def udp_echo():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((ip, 7001))
    while True:
        data, peer = s.recvfrom(2048)
        s.sendto(data, peer)

def dns():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((ip, 53))
    while True:
        q, peer = s.recvfrom(512)
        qid = q[:2]
        end = 12
        while q[end] != 0:
            end += q[end] + 1
        question = q[12:end + 5]
        header = qid + b"\x81\x80" + struct.pack(">HHHH", 1, 1, 0, 0)
        answer = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 30, 4) + socket.inet_aton(ip)
        s.sendto(header + question + answer, peer)

tcp = Server((ip, 7000), Tcp)
threading.Thread(target=tcp.serve_forever, daemon=True).start()
threading.Thread(target=udp_echo, daemon=True).start()
threading.Thread(target=dns, daemon=True).start()
print("READY", flush=True)
sys.stdin.read()  # run until the test closes our input
