/**
 * Asynchronous TCP I/O on the event loop: connections and servers with stream readers and writers
 * (asyncio's streams). Start with {@link dev.weft.io.Streams}.
 */
package dev.weft.io;
