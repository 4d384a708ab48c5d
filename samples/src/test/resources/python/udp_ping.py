# Twin of dev.weft.samples.UdpPing: asyncio's "UDP Echo Server" and "UDP Echo Client" examples turned
# into a ping server and a client on 127.0.0.1, with the client's datagrams received through a queue;
# prints only what does not depend on the ports. PythonTwinsTest checks that it prints what UdpPing prints.
import asyncio

class PingServerProtocol(asyncio.DatagramProtocol):
    def __init__(self, on_close):
        self.on_close = on_close

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, addr):
        message = data.decode()
        print(f"Received {message!r} from {addr[0]!r}")
        reply = message.replace('ping', 'pong')
        print(f"Send {reply!r} to {addr[0]!r}")
        self.transport.sendto(reply.encode(), addr)

    def connection_lost(self, exc):
        self.on_close.set_result(True)

class PingClientProtocol(asyncio.DatagramProtocol):
    def __init__(self):
        self.replies = asyncio.Queue()

    def datagram_received(self, data, addr):
        self.replies.put_nowait(data)

    def error_received(self, exc):
        self.replies.put_nowait(exc)

async def ping(transport, protocol, message):
    print(f"Send: {message!r}")
    transport.sendto(message.encode())
    reply = await asyncio.wait_for(protocol.replies.get(), 5)
    if isinstance(reply, ConnectionRefusedError):
        print("No reply: the port is unreachable")
    else:
        print(f"Received: {reply.decode()!r}")

async def main():
    loop = asyncio.get_running_loop()
    server_closed = loop.create_future()
    server, _ = await loop.create_datagram_endpoint(
        lambda: PingServerProtocol(server_closed), local_addr=('127.0.0.1', 0))
    host, port = server.get_extra_info('sockname')
    print(f"Serving on {host}")

    client, protocol = await loop.create_datagram_endpoint(
        PingClientProtocol, remote_addr=('127.0.0.1', port))
    for i in range(1, 4):
        await ping(client, protocol, f"ping {i}")

    print("Close the server")
    server.close()
    await server_closed
    await ping(client, protocol, "ping 4")

    print("Close the client")
    client.close()

asyncio.run(main())
