package app;

import dev.weft.Weft;

public class Main {
    public static void main(String[] args) {
        System.out.println("start");
        for (int i = 0; i < 2; i++) {
            try {
                Weft.run(() -> new Broken().locked());
                System.out.println("no error?");
            } catch (IllegalStateException e) {
                System.out.println(e.getMessage().contains("not woven") ? "not woven" : e.getMessage());
            }
        }
        System.out.println(Weft.run(() -> new Fine().value()));
        System.out.println("still running");
    }
}
