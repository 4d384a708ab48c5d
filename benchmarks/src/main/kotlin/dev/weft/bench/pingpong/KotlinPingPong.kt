package dev.weft.bench.pingpong

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/** Two Kotlin coroutines on one runBlocking loop, handing a ball back and forth. */
object KotlinPingPong {
    private class Court {
        var request = CompletableDeferred<Int>()
        var reply = CompletableDeferred<Int>()
    }

    /** A CompletableDeferred per message: the same shape as the Weft and callback contenders. */
    @JvmStatic
    fun deferred(rounds: Int): Int = runBlocking {
        val court = Court()
        launch {
            repeat(rounds) {
                val ball = court.request.await()
                court.request = CompletableDeferred()
                court.reply.complete(ball + 1)
            }
        }
        var ball = 0
        repeat(rounds) {
            court.reply = CompletableDeferred()
            court.request.complete(ball)
            ball = court.reply.await()
        }
        ball
    }

    /** Two rendezvous channels: Kotlin's idiomatic ping-pong. */
    @JvmStatic
    fun channel(rounds: Int): Int = runBlocking {
        val toPong = Channel<Int>()
        val toPing = Channel<Int>()
        launch {
            repeat(rounds) { toPing.send(toPong.receive() + 1) }
        }
        var ball = 0
        repeat(rounds) {
            toPong.send(ball)
            ball = toPing.receive()
        }
        ball
    }
}
