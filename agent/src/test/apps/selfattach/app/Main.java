package app;

import dev.weft.Weft;
import dev.weft.agent.WeftAgent;

public class Main {
    public static void main(String[] args) {
        WeftAgent.install();
        WeftAgent.install();
        System.out.println("installed: " + WeftAgent.isInstalled());
        System.out.println(Weft.run(() -> new Later().twice(21)));
    }
}
