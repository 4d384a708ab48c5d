package dev.weft.io;

import dev.weft.AsyncCloseable;
import dev.weft.Task;
import dev.weft.internal.LoopSelector;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A UDP socket on the event loop, from {@link Datagrams#open} (asyncio's datagram transport and
 * protocol in one): {@link #receive()} waits for the next datagram, {@link #send} never waits.
 *
 * <pre>{@code
 * DatagramEndpoint server = await(Datagrams.open(DatagramOptions.defaults()
 *         .withLocalAddress(new InetSocketAddress("127.0.0.1", 9999))));
 * while (true) {
 *     Datagram d = await(server.receive());
 *     server.send(d.data(), d.sender());            // echo
 * }
 * }</pre>
 *
 * <p>Receiving is a pull: the loop reads the socket only for a {@code receive()} under way (it
 * tries at once, and waits for the selector only if nothing is there, or after 16 datagrams taken
 * at once since the selector's last poll, so that other tasks run), so datagrams nobody asks
 * for wait in the operating system's receive buffer ({@link DatagramOptions#withReceiveBufferSize})
 * and, as UDP goes, what arrives while it is full is dropped. A datagram is at most 65,507 bytes
 * (the most IPv4 carries; 65,527 over IPv6); each one received is copied once, into its own array. One receive at a
 * time: a second one while one waits throws {@link IllegalStateException}.
 *
 * <p>{@link #send} sends at once; while the socket's buffer is full it queues a copy and sends it
 * when there is room, in order. {@link #drain()} waits while more than 64 KiB is queued (until
 * 16 KiB or less is); a send while more than the send-buffer limit is queued throws
 * {@link IllegalStateException} and takes nothing.
 *
 * <p><b>Errors</b> the socket reports (asyncio's {@code error_received}) fail the receive waiting,
 * or the next one, and the endpoint stays open: on a connected endpoint a
 * {@link PortUnreachableException} when nothing listens at the peer's port (an ICMP error); a send
 * the system refuses (no route, a broadcast without {@link DatagramOptions#withBroadcast}) drops
 * that datagram and reports its {@link IOException} the same way.
 *
 * <p><b>Cancellation:</b> a task cancelled while it awaits {@code receive()} gets
 * {@link dev.weft.CancelledException} there, and no datagram is lost: one the loop had read for it
 * is the next receive's. Cancelled in {@code drain()}: what is queued is still sent.
 *
 * <p>An endpoint belongs to the loop it was opened on; the end of its {@code Weft.run} closes it.
 */
public final class DatagramEndpoint implements AsyncCloseable {
    /** The most a UDP datagram carries over IPv4: 65,535 less the IP and UDP headers. */
    static final int MAX_DATAGRAM = 65_507;
    /** The most over IPv6, whose length field does not count its own header: 65,535 less the UDP header. */
    static final int MAX_DATAGRAM_IPV6 = 65_527;
    /** What a queued datagram counts beyond its bytes, as asyncio's: an empty one counts too. */
    private static final int OVERHEAD = 8;
    private static final Task<Void> DRAINED = Task.done();
    /**
     * The most datagrams receives take at once between two polls of the selector (as a stream
     * reads at most 16 times per attempt): then a receive waits for the next poll, so that a loop
     * of receives over a full buffer lets the loop's other tasks run.
     */
    private static final int AT_ONCE = 16;

    final LoopSelector selector;
    private final DatagramChannel channel;
    private final DatagramIo io;
    private final SelectionKey key;
    private final SocketAddress local;
    private final InetSocketAddress remote;
    private final int sendLimit;
    /** Opened for IPv4 alone: an IPv6 target is refused at the call (the JDK would throw at the send). */
    private final boolean ipv4Only;
    private boolean closed;

    /** The receive waiting for a datagram, or null. */
    private ReceiveWaiter waiting;
    /** Datagrams given back by receives cancelled after they got them: the next receives' first. */
    private ArrayDeque<Datagram> held;
    /** A send's failure that no receive was waiting for: the next receive's. */
    private IOException sendFailure;
    /** {@link LoopSelector#polls()} when a receive last found the socket empty. */
    private int drainedAt = -1;
    /** How many datagrams receives took at once since the poll {@link #takenAt}. */
    private int taken;
    private int takenAt = -1;

    /** Datagrams the socket had no room for, oldest first; null while none is. */
    private ArrayDeque<Outgoing> queue;
    private int queued;
    private boolean paused;
    private ArrayDeque<DatagramDrainWaiter> drainers;

    private DatagramEndpoint(LoopSelector selector, DatagramChannel channel, DatagramIo io, InetSocketAddress remote,
            int sendLimit, boolean ipv4Only) throws IOException {
        this.selector = selector;
        this.ipv4Only = ipv4Only;
        this.channel = channel;
        this.io = io;
        this.remote = remote;
        this.sendLimit = sendLimit;
        this.local = channel.getLocalAddress();
        this.key = selector.register(channel, new Ready()); // from now on the loop's end closes it
    }

    /** Opens, binds and connects the socket as {@code options} say; on the loop's thread. */
    static DatagramEndpoint open(LoopSelector selector, DatagramOptions options, DatagramIo io) throws IOException {
        java.net.StandardProtocolFamily family = options.socketFamily();
        DatagramChannel c = family == null ? DatagramChannel.open() : DatagramChannel.open(family);
        try {
            c.configureBlocking(false);
            if (options.isReuseAddress()) {
                c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            if (options.isBroadcast()) {
                c.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            if (options.receiveBufferSize() > 0) {
                c.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize());
            }
            InetSocketAddress remote = options.remoteAddress();
            if (options.localAddress() != null || remote == null) {
                c.bind(options.localAddress()); // null: the wildcard address, any port
            }
            if (remote != null) {
                try {
                    c.connect(remote);
                } catch (java.nio.channels.UnsupportedAddressTypeException e) {
                    // the JDK's has no message
                    throw new IllegalArgumentException("an endpoint bound to " + c.getLocalAddress() + " cannot connect to "
                            + remote + ": an IPv4 socket reaches IPv4 addresses only", e);
                }
            }
            return new DatagramEndpoint(selector, c, io, remote, options.sendBufferLimit(),
                    family == java.net.StandardProtocolFamily.INET);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    // ---- receiving ----------------------------------------------------------------------------

    /**
     * Receives the next datagram (asyncio {@code datagram_received}): one that is there at once,
     * else the next to arrive. On a connected endpoint, only the peer's.
     *
     * <pre>{@code
     * Datagram d = await(waitFor(endpoint.receive(), Duration.ofSeconds(1)));
     * String text = new String(d.data(), StandardCharsets.UTF_8);
     * }</pre>
     *
     * @return a task with the datagram; it fails with the socket's {@link IOException} (a
     *     {@link PortUnreachableException}, say: see the class's description), with an
     *     {@link AsynchronousCloseException} if the endpoint is closed while it waits, or with a
     *     {@link ClosedChannelException} if it was closed before
     * @throws IllegalStateException if another receive is waiting, or off the endpoint's loop
     */
    public Task<Datagram> receive() {
        checkThread();
        ReceiveWaiter current = waiting;
        if (current != null) {
            if (!current.isDone()) {
                throw new IllegalStateException("receive() called while another coroutine is already waiting for a datagram");
            }
            waiting = null; // cancelled from another thread, and its clean-up has not run yet
        }
        if (closed) {
            return Task.failed(new ClosedChannelException());
        }
        if (held != null && !held.isEmpty()) {
            return Task.of(held.pollFirst());
        }
        IOException failure = sendFailure;
        if (failure != null) {
            sendFailure = null;
            return Task.failed(failure);
        }
        ReceiveWaiter w = null;
        try {
            if (mayReceiveNow()) {
                Datagram d = receiveNow();
                if (d != null) {
                    taken++;
                    return Task.of(d);
                }
            }
            w = new ReceiveWaiter(this);
            waiting = w;
            want(SelectionKey.OP_READ);
            return w;
        } catch (IOException | RuntimeException e) {
            if (w != null) {
                waiting = null;
            }
            return Task.failed(e);
        }
    }

    /**
     * Whether a receive may try the socket at once: not if it was found empty since the loop's
     * last poll (the next poll reports anything new), nor after {@link #AT_ONCE} datagrams taken
     * at once since then.
     */
    private boolean mayReceiveNow() {
        int poll = selector.polls();
        if (poll != takenAt) {
            takenAt = poll;
            taken = 0;
        }
        return drainedAt != poll && taken < AT_ONCE;
    }

    /** Reads one datagram if one is there, through the loop's buffer, into an array of its own. */
    private Datagram receiveNow() throws IOException {
        ByteBuffer b = selector.ioBuffer(); // 64 KiB: holds the largest datagram
        b.clear();
        SocketAddress from;
        try {
            from = io.receive(channel, b);
        } catch (PortUnreachableException e) {
            throw unreachable(e);
        }
        if (from == null) {
            drainedAt = selector.polls();
            return null;
        }
        b.flip();
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return new Datagram(data, from, true);
    }

    /** The JDK's PortUnreachableException says nothing: this one says where. */
    private PortUnreachableException unreachable(PortUnreachableException e) {
        if (e.getMessage() != null) {
            return e;
        }
        PortUnreachableException named = new PortUnreachableException("nothing listens at " + remote
                + " (ICMP port unreachable)");
        named.initCause(e);
        return named;
    }

    /** The socket is readable: the waiting receive takes a datagram (or its error). */
    private void readable() {
        ReceiveWaiter w = waiting;
        if (w == null || w.isDone()) {
            waiting = null;
            unwant(SelectionKey.OP_READ); // nobody receives now: stop watching until a receive waits
            return;
        }
        Datagram d;
        try {
            d = receiveNow();
        } catch (IOException e) {
            waiting = null;
            w.reject(e);
            return;
        }
        if (d == null) {
            return; // gone (or never there): the receive waits on
        }
        // The interest stays: the next receive usually follows in the coroutine's step.
        waiting = null;
        if (!w.give(d)) {
            putBack(d); // cancelled from another thread just now
        }
    }

    /** {@code d} was granted to a receive whose coroutine was cancelled before it saw it. */
    void unreceive(Datagram d) {
        if (closed) {
            return;
        }
        ReceiveWaiter w = waiting;
        if (w != null && !w.isDone()) {
            waiting = null; // a receive started since waits for the socket: this one came first
            if (w.give(d)) {
                return;
            }
        }
        putBack(d);
    }

    private void putBack(Datagram d) {
        if (held == null) {
            held = new ArrayDeque<>(2);
        }
        held.addFirst(d);
    }

    /** {@code w} was cancelled while it waited (on the loop's thread). */
    void cancelled(ReceiveWaiter w) {
        if (waiting == w) {
            waiting = null; // the next readiness finds no receive waiting and stops watching
        }
    }

    /** A failure of the socket outside a receive: the receive waiting gets it, else the next one. */
    private void failed(IOException e) {
        IOException failure = e instanceof PortUnreachableException ? unreachable((PortUnreachableException) e) : e;
        ReceiveWaiter w = waiting;
        if (w != null && !w.isDone()) {
            waiting = null;
            if (w.reject(failure)) {
                return;
            }
        }
        if (sendFailure == null) {
            sendFailure = failure; // one kept, as the socket keeps one pending error
        }
    }

    // ---- sending ------------------------------------------------------------------------------

    /**
     * Sends {@code data} to the peer of a connected endpoint ({@link DatagramOptions#withRemoteAddress}).
     *
     * <pre>{@code
     * endpoint.send("ping".getBytes(StandardCharsets.UTF_8));
     * }</pre>
     *
     * @param data the datagram's bytes; the caller may reuse the array afterwards
     * @throws IllegalStateException if the endpoint is not connected or is closed, while more than
     *     the send-buffer limit is queued, or off the endpoint's loop
     * @throws IllegalArgumentException if {@code data} is over 65,507 bytes (65,527 to an IPv6 peer), or empty: a connected
     *     endpoint cannot send an empty datagram (the JDK's connected channel sends nothing for one;
     *     an endpoint not connected can)
     */
    public void send(byte[] data) {
        Objects.requireNonNull(data, "data");
        send(data, null, connectedPeer());
    }

    /**
     * Sends {@code data} to {@code target} (asyncio {@code sendto}): at once, or, while the
     * socket's buffer is full, a copy is queued and sent when there is room.
     *
     * <pre>{@code
     * endpoint.send(reply, datagram.sender());
     * }</pre>
     *
     * @param data the datagram's bytes; the caller may reuse the array afterwards
     * @param target where to send it; on a connected endpoint, its peer
     * @throws IllegalStateException if the endpoint is closed, while more than the send-buffer
     *     limit is queued, or off the endpoint's loop
     * @throws IllegalArgumentException if {@code data} is over 65,507 bytes (65,527 to an IPv6 target), or {@code target} is
     *     not a resolved {@link InetSocketAddress}, or not the peer of a connected endpoint, or
     *     {@code data} is empty on a connected endpoint (see {@link #send(byte[])})
     */
    public void send(byte[] data, SocketAddress target) {
        Objects.requireNonNull(data, "data");
        send(data, null, checkTarget(target));
    }

    /**
     * Sends the bytes remaining in {@code data} to the peer of a connected endpoint, as
     * {@link #send(byte[])}; its position moves to its limit.
     *
     * @param data the datagram's bytes; the caller may reuse the buffer afterwards
     * @throws IllegalStateException as {@link #send(byte[])}
     * @throws IllegalArgumentException as {@link #send(byte[])}
     */
    public void send(ByteBuffer data) {
        Objects.requireNonNull(data, "data");
        send(null, data, connectedPeer());
    }

    /**
     * Sends the bytes remaining in {@code data} to {@code target}, as {@link #send(byte[], SocketAddress)};
     * its position moves to its limit.
     *
     * @param data the datagram's bytes; the caller may reuse the buffer afterwards
     * @param target where to send it
     * @throws IllegalStateException as {@link #send(byte[], SocketAddress)}
     * @throws IllegalArgumentException as {@link #send(byte[], SocketAddress)}
     */
    public void send(ByteBuffer data, SocketAddress target) {
        Objects.requireNonNull(data, "data");
        send(null, data, checkTarget(target));
    }

    /** The target of a send without one: null (the connected peer), if the endpoint is connected. */
    private SocketAddress connectedPeer() {
        if (remote == null) {
            checkThread();
            throw new IllegalStateException("send(data) needs a connected endpoint (DatagramOptions.withRemoteAddress):"
                    + " give the target, send(data, target)");
        }
        return null;
    }

    /** The target a send gives the socket: null for a connected endpoint's peer. */
    private SocketAddress checkTarget(SocketAddress target) {
        Objects.requireNonNull(target, "target");
        if (!(target instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("not an IP socket address: " + target);
        }
        if (((InetSocketAddress) target).isUnresolved()) {
            throw new IllegalArgumentException("unresolved address " + target + ": resolve the host name first");
        }
        if (ipv4Only && ((InetSocketAddress) target).getAddress() instanceof java.net.Inet6Address) {
            throw new IllegalArgumentException("an IPv4 endpoint cannot send to " + target
                    + " (DatagramOptions.withFamily(INET6) opens one for both)");
        }
        if (remote == null) {
            return target;
        }
        if (!remote.equals(target)) {
            throw new IllegalArgumentException("the endpoint is connected to " + remote + ": it sends there only, not to "
                    + target);
        }
        return null;
    }

    /** Sends {@code array} or the remaining bytes of {@code buffer}; queues a copy if the socket has no room. */
    private void send(byte[] array, ByteBuffer buffer, SocketAddress target) {
        checkThread();
        int length = array != null ? array.length : buffer.remaining();
        if (closed) {
            throw new IllegalStateException("send on a closed datagram endpoint");
        }
        SocketAddress to = target != null ? target : remote;
        int max = to instanceof InetSocketAddress && ((InetSocketAddress) to).getAddress() instanceof java.net.Inet6Address
                ? MAX_DATAGRAM_IPV6 : MAX_DATAGRAM; // an IPv4-mapped address is an Inet4Address
        if (length > max) {
            throw new IllegalArgumentException("a datagram holds at most " + max + " bytes, not " + length
                    + (max == MAX_DATAGRAM ? "" : " (over IPv6)"));
        }
        if (length == 0 && remote != null) {
            // Refused, not dropped: the connected channel's write and send return 0 for it and send nothing.
            throw new IllegalArgumentException("a connected datagram endpoint cannot send an empty datagram (the JDK's"
                    + " connected channel sends nothing for one); an endpoint not connected can");
        }
        if (queued > sendLimit) {
            throw new IllegalStateException("the send buffer holds " + queued + " bytes, over its limit of " + sendLimit
                    + ": await drain() between sends");
        }
        if (queue == null) {
            ByteBuffer b;
            if (array != null) {
                b = selector.ioBuffer(); // the loop's, free: nothing else runs during a send
                b.clear();
                b.put(array).flip();
            } else if (buffer.isDirect()) {
                b = buffer;
            } else {
                b = selector.ioBuffer();
                b.clear();
                b.put(buffer.duplicate()).flip();
            }
            if (sendNow(b, target)) {
                if (buffer != null) {
                    buffer.position(buffer.limit());
                }
                return;
            }
            want(SelectionKey.OP_WRITE);
        }
        ByteBuffer copy;
        if (array != null) {
            copy = ByteBuffer.wrap(array.clone());
        } else {
            copy = ByteBuffer.allocate(length);
            copy.put(buffer).flip();
        }
        enqueue(new Outgoing(copy, target));
    }

    /**
     * Sends {@code b} now: true if it is done with (sent, or refused by the system: then the
     * failure goes to the receive side), false if the socket's buffer has no room for it.
     */
    private boolean sendNow(ByteBuffer b, SocketAddress target) {
        try {
            int n = io.send(channel, b, target);
            return n > 0 || !b.hasRemaining(); // an empty datagram is sent as 0 bytes
        } catch (IOException e) {
            failed(e); // dropped, as asyncio's sendto does after error_received
            return true;
        }
    }

    private void enqueue(Outgoing o) {
        if (queue == null) {
            queue = new ArrayDeque<>(4);
        }
        queue.add(o);
        queued += o.data.remaining() + OVERHEAD;
        if (queued > StreamWriter.HIGH_WATER) {
            paused = true;
        }
    }

    /** The socket has room: send what is queued, in order. */
    private void writable() {
        ArrayDeque<Outgoing> q = queue;
        while (q != null && !q.isEmpty()) {
            Outgoing o = q.peekFirst();
            int size = o.data.remaining() + OVERHEAD;
            boolean done;
            try {
                done = sendNow(o.data, o.target);
            } catch (RuntimeException e) {
                // what the send of a datagram that was not queued would have thrown at the call: reported instead
                failed(new IOException("cannot send to " + o.target + ": " + e, e));
                done = true;
            }
            if (!done) {
                break;
            }
            q.pollFirst();
            queued -= size;
        }
        if (paused && queued <= StreamWriter.LOW_WATER) {
            paused = false;
            wakeDrainers(false);
        }
        if (q == null || q.isEmpty()) {
            queue = null;
            unwant(SelectionKey.OP_WRITE);
        }
    }

    /**
     * Waits until the send queue is small enough to send more (as {@link StreamWriter#drain()}):
     * at once while it holds 64 KiB or less, else until it is down to 16 KiB.
     *
     * <pre>{@code
     * for (byte[] chunk : chunks) {
     *     endpoint.send(chunk, target);
     *     await(endpoint.drain());
     * }
     * }</pre>
     *
     * @return a task that completes when the caller may send on; it fails with an
     *     {@link AsynchronousCloseException} if the endpoint is closed while it waits, with a
     *     {@link ClosedChannelException} if it was closed before
     * @throws IllegalStateException off the endpoint's loop
     */
    public Task<Void> drain() {
        checkThread();
        if (closed) {
            return Task.failed(new ClosedChannelException());
        }
        if (!paused) {
            return DRAINED;
        }
        DatagramDrainWaiter w = new DatagramDrainWaiter(this);
        if (drainers == null) {
            drainers = new ArrayDeque<>(2);
        }
        drainers.add(w);
        return w;
    }

    /**
     * How many bytes are queued, not yet taken by the socket (asyncio {@code get_write_buffer_size}):
     * each datagram's length and 8.
     *
     * @return the count
     */
    public int sendBufferSize() {
        return queued;
    }

    /** {@code w} was cancelled while it waited (on the loop's thread). */
    void cancelled(DatagramDrainWaiter w) {
        if (drainers != null) {
            drainers.remove(w);
        }
    }

    private void wakeDrainers(boolean closing) {
        ArrayDeque<DatagramDrainWaiter> d = drainers;
        drainers = null;
        if (d != null) {
            for (DatagramDrainWaiter w : d) {
                w.end(closing ? new EndpointClosedException() : null);
            }
        }
    }

    // ---- the rest -----------------------------------------------------------------------------

    /**
     * Joins the multicast {@code group} on {@code networkInterface}: datagrams sent to the group
     * (at this endpoint's port) are received from then on, until {@link MembershipKey#drop()}.
     * Bind the endpoint to the group's port with {@link DatagramOptions#withReuseAddress} so that
     * other receivers may too.
     *
     * <pre>{@code
     * MembershipKey key = endpoint.joinGroup(InetAddress.getByName("239.255.0.1"),
     *         NetworkInterface.getByName("eth0"));
     * }</pre>
     *
     * @param group the multicast address
     * @param networkInterface the interface to join on
     * @return the membership
     * @throws IOException if the system refuses (no multicast on that interface, say), or the
     *     endpoint is closed ({@link ClosedChannelException})
     * @throws IllegalArgumentException if {@code group} is not a multicast address
     * @throws IllegalStateException off the endpoint's loop
     */
    public MembershipKey joinGroup(InetAddress group, NetworkInterface networkInterface) throws IOException {
        checkThread();
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(networkInterface, "networkInterface");
        if (closed) {
            throw new ClosedChannelException();
        }
        return channel.join(group, networkInterface);
    }

    /**
     * Sets a socket option (asyncio's {@code get_extra_info('socket').setsockopt}): for what
     * {@link DatagramOptions} has no method for, such as the interface multicast goes out on.
     *
     * <pre>{@code
     * endpoint.setOption(StandardSocketOptions.IP_MULTICAST_IF, NetworkInterface.getByName("eth0"));
     * }</pre>
     *
     * @param <T> the type of the option's value
     * @param name the option
     * @param value its value
     * @return this endpoint
     * @throws IOException if the system refuses, or the endpoint is closed ({@link ClosedChannelException})
     * @throws UnsupportedOperationException if a UDP socket has no such option
     * @throws IllegalStateException off the endpoint's loop
     */
    public <T> DatagramEndpoint setOption(SocketOption<T> name, T value) throws IOException {
        checkThread();
        channel.setOption(name, value);
        return this;
    }

    /**
     * A socket option's value.
     *
     * <pre>{@code
     * boolean broadcast = endpoint.getOption(StandardSocketOptions.SO_BROADCAST);
     * }</pre>
     *
     * @param <T> the type of the option's value
     * @param name the option
     * @return its value
     * @throws IOException if the endpoint is closed ({@link ClosedChannelException}), or the system fails
     * @throws UnsupportedOperationException if a UDP socket has no such option
     * @throws IllegalStateException off the endpoint's loop
     */
    public <T> T getOption(SocketOption<T> name) throws IOException {
        checkThread();
        return channel.getOption(name);
    }

    /**
     * This endpoint's address (asyncio {@code get_extra_info('sockname')}).
     *
     * @return the address and port it is bound to, also once it is closed
     */
    public SocketAddress localAddress() {
        return local;
    }

    /**
     * The peer of a connected endpoint (asyncio {@code get_extra_info('peername')}).
     *
     * @return the peer's address, or null if the endpoint is not connected
     */
    public SocketAddress remoteAddress() {
        return remote;
    }

    /**
     * Whether {@link #close()} was called, or the endpoint's loop has ended (asyncio {@code is_closing}).
     *
     * @return true once the endpoint is closed
     */
    public boolean isClosing() {
        return closed || !channel.isOpen();
    }

    /**
     * Closes the endpoint at once (asyncio {@code transport.close()}): what is queued is dropped, a
     * receive waiting fails with an {@link AsynchronousCloseException}, and so does a drain
     * waiting. A second call does nothing.
     *
     * <pre>{@code
     * await(endpoint.close());
     * }</pre>
     *
     * @return a done task (the socket is closed when this returns)
     * @throws IllegalStateException off the endpoint's loop
     */
    @Override
    public Task<Void> close() {
        checkThread();
        if (closed) {
            return DRAINED;
        }
        closed = true;
        held = null;
        sendFailure = null;
        queue = null;
        queued = 0;
        paused = false;
        ReceiveWaiter w = waiting;
        waiting = null;
        if (w != null) {
            w.reject(new EndpointClosedException());
        }
        wakeDrainers(true);
        try {
            channel.close();
        } catch (IOException e) {
            // the descriptor is released all the same
        }
        selector.releaseClosed(); // else the port stays bound until the loop selects again
        return DRAINED;
    }

    @Override
    public String toString() {
        return "DatagramEndpoint[" + local + (remote != null ? " -> " + remote : "") + (closed ? ", closed" : "")
                + (queued > 0 ? ", " + queued + " bytes queued" : "") + (waiting != null ? ", receiving" : "") + "]";
    }

    private void checkThread() {
        if (!selector.inLoopThread()) {
            throw new IllegalStateException("a datagram endpoint belongs to the event loop it was opened on: use it from that loop's tasks");
        }
    }

    private void want(int op) {
        if (key.isValid()) {
            key.interestOps(key.interestOps() | op);
        }
    }

    private void unwant(int op) {
        if (key.isValid()) {
            key.interestOps(key.interestOps() & ~op);
        }
    }

    /** A datagram the socket had no room for, and where it goes (null: the connected peer). */
    private static final class Outgoing {
        final ByteBuffer data;
        final SocketAddress target;

        Outgoing(ByteBuffer data, SocketAddress target) {
            this.data = data;
            this.target = target;
        }
    }

    /** The channel's readiness handler (a class of its own, so that the endpoint shows no such method). */
    private final class Ready implements LoopSelector.Readiness {
        @Override
        public void ready(int readyOps) {
            if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                writable();
            }
            if ((readyOps & SelectionKey.OP_READ) != 0) {
                readable();
            }
        }
    }

    /** What a receive or drain waiting when the endpoint is closed gets. */
    private static final class EndpointClosedException extends AsynchronousCloseException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            return "the datagram endpoint was closed while this operation waited";
        }
    }
}
