package app;

import dev.weft.NotWovenError;
import dev.weft.Weft;

public class Main {
    public static void main(String[] args) {
        System.out.println("start");
        for (int i = 0; i < 2; i++) {
            try {
                Weft.run(() -> new Broken().locked());
                System.out.println("no error?");
            } catch (NotWovenError e) {
                System.out.println(e.getMessage());
            }
        }
        try {
            System.out.println("wrong answer: " + Weft.run(() -> new Swallowing().count()));
        } catch (NotWovenError e) {
            System.out.println("Swallowing: not woven");
        }
        System.out.println(Weft.run(() -> new Fine().value()));
        System.out.println("still running");
    }
}
