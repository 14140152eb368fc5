package dev.labbook.search;

import java.util.Objects;

/** A numeric literal; {@code text} keeps the literal as written so integer-only columns can tell 5 from 5.0. */
public record NumberValue(double value, String text) implements Value {
    public NumberValue {
        Objects.requireNonNull(text, "text");
    }

    /** True when the literal has no fraction or exponent, i.e. MLflow would have read it as an int. */
    public boolean isIntegerLiteral() {
        return text.matches("-?\\d+");
    }
}
