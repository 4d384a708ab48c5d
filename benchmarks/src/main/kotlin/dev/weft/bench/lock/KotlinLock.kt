package dev.weft.bench.lock

import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.yield

/** Kotlin coroutines on one runBlocking loop taking a Mutex in turn, each holding it across yield(). */
object KotlinLock {
    @JvmStatic
    fun mutex(workers: Int, rounds: Int): Int = runBlocking {
        val mutex = Mutex()
        var count = 0
        List(workers) {
            launch {
                repeat(rounds) {
                    mutex.withLock {
                        val seen = count
                        yield()
                        count = seen + 1
                    }
                }
            }
        }.joinAll()
        count
    }
}
