package dev.weft.bench.yield

import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/** Kotlin coroutines calling yield() on one runBlocking loop. */
object KotlinYield {
    @JvmStatic
    fun one(yields: Int): Int = runBlocking {
        var n = 0
        repeat(yields) {
            yield()
            n++
        }
        n
    }

    @JvmStatic
    fun two(yields: Int): Int = runBlocking {
        var other = 0
        val job = launch {
            repeat(yields / 2) {
                yield()
                other++
            }
        }
        var mine = 0
        repeat(yields / 2) {
            yield()
            mine++
        }
        job.join()
        mine + other
    }
}
