package dev.weft.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentRequestTest {
    private static final String TOKEN = "0123456789abcdef0123456789ABCDEF";

    @Test
    void formatsAndParsesBack() {
        String text = new AgentRequest("tasks", "127.0.0.1", 41234, TOKEN).format();
        assertEquals("weft-command=tasks;answer=127.0.0.1:41234;token=" + TOKEN, text);
        AgentRequest back = AgentRequest.parse(text);
        assertEquals(List.of("tasks", "127.0.0.1", 41234, TOKEN), List.of(back.command, back.host, back.port, back.token));
    }

    @Test
    void anIpv6LoopbackAddressParsesToo() {
        AgentRequest back = AgentRequest.parse(new AgentRequest("tasks", "0:0:0:0:0:0:0:1", 80, TOKEN).format());
        assertEquals(List.of("0:0:0:0:0:0:0:1", 80), List.of(back.host, back.port));
    }

    @Test
    void onlyTheToolsRequestsAreRequests() {
        assertTrue(AgentRequest.isRequest("weft-command=tasks;answer=127.0.0.1:1;token=" + TOKEN));
        assertFalse(AgentRequest.isRequest(null));
        assertFalse(AgentRequest.isRequest(""));
        assertFalse(AgentRequest.isRequest("keepLocals"));
    }

    @Test
    void aMalformedRequestIsRefusedWithItsText() {
        for (String bad : List.of("weft-command=tasks", "weft-command=tasks;answer=127.0.0.1:1;token=short",
                "weft-command=tasks;answer=127.0.0.1:123456;token=" + TOKEN, "weft-command=;answer=h:1;token=" + TOKEN)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AgentRequest.parse(bad));
            assertEquals("not a weft-agent request: " + bad, e.getMessage());
        }
    }
}
