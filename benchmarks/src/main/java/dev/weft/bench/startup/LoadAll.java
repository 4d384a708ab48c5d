package dev.weft.bench.startup;

/**
 * The main of the start-up workload's application: loads and initialises {@code gen.C0} to
 * {@code gen.C<n-1>}, then prints how many and the process's CPU time in ms.
 */
public final class LoadAll {
    private LoadAll() {}

    public static void main(String[] args) throws ClassNotFoundException {
        int n = Integer.parseInt(args[0]);
        int loaded = 0;
        for (int i = 0; i < n; i++) {
            if (Class.forName("gen.C" + i).getName().length() > 0) {
                loaded++;
            }
        }
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
        System.out.println(loaded + " " + cpu);
    }
}
