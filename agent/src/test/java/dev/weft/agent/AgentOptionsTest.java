package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The agent's argument string: {@code -javaagent:weft-agent.jar=keepLocals}. */
class AgentOptionsTest {

    @Test
    void noArgumentGivesTheDefaults() {
        assertSame(AgentOptions.DEFAULTS, AgentOptions.parse(null));
        assertSame(AgentOptions.DEFAULTS, AgentOptions.parse(""));
        assertSame(AgentOptions.DEFAULTS, AgentOptions.parse("  "));
        assertFalse(AgentOptions.DEFAULTS.weaveOptions().isKeepLocals());
    }

    @Test
    void keepLocalsAloneOrWithAValue() {
        assertTrue(AgentOptions.parse("keepLocals").weaveOptions().isKeepLocals());
        assertTrue(AgentOptions.parse("keepLocals=true").weaveOptions().isKeepLocals());
        assertTrue(AgentOptions.parse(" keepLocals = TRUE ").weaveOptions().isKeepLocals());
        assertFalse(AgentOptions.parse("keepLocals=false").weaveOptions().isKeepLocals());
        assertFalse(AgentOptions.parse("keepLocals,keepLocals=false").weaveOptions().isKeepLocals(), "the last wins");
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("keepLocal"));
        assertEquals("unknown agent option 'keepLocal' in 'keepLocal';"
                + " the options are: keepLocals[=true|false], separated by commas", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AgentOptions.parse("keepLocals,"));
        assertEquals("unknown agent option '' in 'keepLocals,';"
                + " the options are: keepLocals[=true|false], separated by commas", e.getMessage());
    }

    @Test
    void aBadValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentOptions.parse("keepLocals=yes"));
        assertEquals("agent option keepLocals takes true or false, not 'yes' (in 'keepLocals=yes');"
                + " the options are: keepLocals[=true|false], separated by commas", e.getMessage());
    }
}
