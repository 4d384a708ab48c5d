package dev.weft.bench.longloop

import java.util.function.IntConsumer
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/** One Kotlin coroutine on a runBlocking loop that calls yield() on every iteration. */
object KotlinLongLoop {
    @JvmStatic
    fun run(n: Int, mark: Int, at: IntConsumer): Long = runBlocking {
        var sum = 0L
        for (i in 0 until n) {
            if (i == mark) {
                at.accept(i)
            }
            yield()
            sum += i
        }
        at.accept(n)
        sum
    }
}
