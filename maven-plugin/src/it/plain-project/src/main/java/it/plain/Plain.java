package it.plain;

import dev.weft.Task;

public class Plain {
    public Task<String> hello() {
        return Task.of("hello");
    }

    class Inner {
        Runnable r = () -> System.out.println("lambda");
    }
}
