# Twin of dev.weft.samples.Chat: a broadcast room with a bounded queue and a sender task per member;
# alice, bob and dave count to 30 in turns while carol stalls. PythonTwinsTest checks that it prints
# what Chat prints.
import asyncio

QUEUE_SIZE = 8
COUNT = 30
TALKERS = ["alice", "bob", "dave"]


class Member:
    def __init__(self):
        self.outbox = asyncio.Queue(QUEUE_SIZE)
        self.window = asyncio.Semaphore(1)  # one unacknowledged message at most
        self.lost = 0


class Room:
    def __init__(self):
        self.members = {}

    def broadcast(self, message):
        for m in self.members.values():
            try:
                m.outbox.put_nowait(message)
            except asyncio.QueueFull:
                m.lost += 1  # a slow member loses messages, nobody waits


async def serve(room, reader, writer):
    name = (await reader.readline()).decode().rstrip("\n")
    me = Member()
    room.members[name] = me
    writer.write(f"*** welcome, {name}\n".encode())
    sending = asyncio.create_task(send(me, writer))
    try:
        while line := (await reader.readline()).decode():
            line = line.rstrip("\n")
            if line == "ack":
                me.window.release()
            else:
                room.broadcast(f"{name}: {line}")
    finally:
        del room.members[name]
        sending.cancel()
        writer.close()  # Weft closes the connection when the handler ends


async def send(me, writer):
    while True:
        await me.window.acquire()
        if me.lost > 0 and me.outbox.empty():
            message = f"*** you missed {me.lost} messages while your queue was full"
            me.lost = 0
        else:
            message = await me.outbox.get()
        writer.write(f"{message}\n".encode())
        await writer.drain()


async def join(port, name):
    reader, writer = await asyncio.open_connection('127.0.0.1', port)
    writer.write(f"{name}\n".encode())
    await reader.readline()
    return reader, writer


async def receive(c):
    reader, writer = c
    message = (await reader.readline()).decode().rstrip("\n")
    writer.write(b"ack\n")
    return message


async def close(c):
    c[1].close()
    await c[1].wait_closed()


async def talker(c, turn):
    previous = TALKERS[(turn + len(TALKERS) - 1) % len(TALKERS)] + ": "
    heard = []
    if turn == 0:
        c[1].write(b"1\n")
    n = 0
    while n < COUNT:
        message = await receive(c)
        n = int(message[message.index(": ") + 2:])
        heard.append(n)
        if message.startswith(previous) and n < COUNT:
            c[1].write(f"{n + 1}\n".encode())
    await close(c)
    return heard


async def staller(c, wake):
    await wake.wait()
    while True:
        message = await receive(c)
        print(f"carol reads {message}")
        if message.startswith("***"):
            break
    await close(c)


def describe(heard):
    if heard == list(range(1, COUNT + 1)):
        return f"every message, 1 to {COUNT} in order"
    return str(heard)


async def main():
    room = Room()
    server = await asyncio.start_server(lambda r, w: serve(room, r, w), '127.0.0.1', 0)
    async with server:
        port = server.sockets[0].getsockname()[1]
        alice = await join(port, "alice")
        bob = await join(port, "bob")
        carol = await join(port, "carol")
        dave = await join(port, "dave")
        print(f"alice, bob, carol and dave joined; carol stalls, the others count to {COUNT}")

        wake = asyncio.Event()
        slow = asyncio.create_task(staller(carol, wake))
        heard = await asyncio.gather(talker(alice, 0), talker(bob, 1), talker(dave, 2))
        for name, h in zip(TALKERS, heard):
            print(f"{name} got {describe(h)}")
        print("carol wakes up")
        wake.set()
        await slow

asyncio.run(main())
