package dev.weft.bench.nested

import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/** Kotlin: each level is a suspend function that calls yield() and then the next level, on one runBlocking loop. */
object KotlinNested {
    @JvmStatic
    fun run(chains: Int, depth: Int): Long = runBlocking {
        var sum = 0L
        for (i in 0 until chains) {
            sum += level(i.toLong(), depth)
        }
        sum
    }

    private suspend fun level(seed: Long, depth: Int): Long {
        yield()
        val below = if (depth == 1) seed else level(seed, depth - 1)
        return below + depth + 1
    }
}
