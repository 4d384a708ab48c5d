package dev.weft;

/**
 * Marks a task that passes control between two frames of one task, as an async generator's
 * {@code hasNext} and {@code emit} do: completed in that task's step, it resumes its awaiter within
 * the step (PEP 525 generators run inside their consumer's step) instead of on the next turn.
 */
interface Handoff {
}
