package dev.weft.agent;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs the agent when a JUnit Platform launcher session opens, before test classes are loaded,
 * so that {@code @Async} methods in test classes are woven too. Registered as a service in
 * {@code META-INF/services}; public only because {@link java.util.ServiceLoader} requires it.
 * {@code -Dweft.agent.autoInstall=false} turns it off. A failure to attach is reported, not thrown:
 * tests of a build woven by the plugin still run.
 */
public final class WeftLauncherSessionListener implements LauncherSessionListener {
    static final String AUTO_INSTALL = "weft.agent.autoInstall";

    /** JUnit's launcher creates the listener, found through {@code ServiceLoader}. */
    public WeftLauncherSessionListener() {
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (Boolean.parseBoolean(System.getProperty(AUTO_INSTALL, "true"))) {
            try {
                WeftAgent.install();
            } catch (RuntimeException | LinkageError e) {
                System.err.println(Reporter.PREFIX + "cannot self-attach the agent: " + e + "; classes will not be woven");
            }
        }
    }
}
