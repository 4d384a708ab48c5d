package dev.weft;

/** The awaited task of a {@link TaskGroup}; cancelling it cancels the group's body and children. */
final class GroupTask<T> extends Task<T> {
    private final TaskGroup group;

    GroupTask(TaskGroup group) {
        this.group = group;
    }

    @SuppressWarnings("unchecked")
    void completeFromBody(Task<?> body) {
        completeFrom((Task<T>) body);
    }

    @Override
    public boolean cancel(String message) {
        return !isDone() && group.cancelFromOutside(message);
    }
}
