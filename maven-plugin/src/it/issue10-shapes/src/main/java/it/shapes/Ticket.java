package it.shapes;

import static dev.weft.Weft.await;

import dev.weft.Async;
import dev.weft.Task;
import java.io.Serializable;

/** Serializable without a serialVersionUID: weaving must keep the default one of the unwoven class. */
public class Ticket implements Serializable {
    final String id;

    public Ticket(String id) {
        this.id = id;
    }

    @Async
    public Task<String> describe() {
        String suffix = await(Main.value("!"));
        return Task.of(id + suffix);
    }
}
