package it.own;

import java.util.concurrent.CompletableFuture;

/** The project's own Task, a CompletableFuture, named like Weft's. */
public class Task<T> extends CompletableFuture<T> {
}
