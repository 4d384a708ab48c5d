package app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The test's handle on a JVM it attaches to: prints "ready", then answers "agent?" with whether the
 * agent jar was loaded and whether it installed its weaver, and exits at the end of stdin.
 */
final class Control {
    private Control() {
    }

    static void start() {
        Thread thread = new Thread(Control::serve, "control");
        thread.setDaemon(true);
        thread.start();
    }

    private static void serve() {
        System.out.println("ready");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("agent?")) {
                    System.out.println(agent());
                    System.out.flush();
                }
            }
        } catch (Exception e) {
            e.printStackTrace();
        }
        System.exit(0);
    }

    private static String agent() throws ReflectiveOperationException {
        Class<?> agent;
        try {
            agent = Class.forName("dev.weft.agent.WeftAgent", false, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            return "agent not loaded";
        }
        return "agent loaded, weaving: " + agent.getMethod("isInstalled").invoke(null);
    }
}
