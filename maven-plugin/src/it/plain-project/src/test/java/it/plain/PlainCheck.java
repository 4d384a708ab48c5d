package it.plain;

public class PlainCheck {
    Object check() {
        return new Plain().hello();
    }
}
