package dev.cordon.protocol.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Formats doubles exactly as Python's {@code repr(float)} (and so {@code json.dumps}) does. */
public final class PythonFloat {

    private PythonFloat() {}

    /**
     * The shortest decimal that reads back as {@code value}, laid out as Python does: fixed notation with at least
     * one fractional digit when the decimal exponent is in [-4, 16), else {@code d.ddde±XX}. Non-finite values are
     * {@code NaN}, {@code Infinity}, {@code -Infinity} (Python's {@code json} output).
     */
    public static String repr(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0.0" : "0.0";
        }
        double magnitude = Math.abs(value);
        BigDecimal exact = new BigDecimal(magnitude);
        BigDecimal shortest = exact;
        for (int precision = 1; precision <= 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (Double.parseDouble(rounded.toString()) == magnitude) {
                shortest = rounded;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int decimalPoint = digits.length() - shortest.scale();
        String body = decimalPoint <= -4 || decimalPoint > 16
                ? scientific(digits, decimalPoint - 1)
                : fixed(digits, decimalPoint);
        return value < 0 ? "-" + body : body;
    }

    private static String fixed(String digits, int decimalPoint) {
        if (decimalPoint <= 0) {
            return "0." + "0".repeat(-decimalPoint) + digits;
        }
        if (decimalPoint < digits.length()) {
            return digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
        }
        return digits + "0".repeat(decimalPoint - digits.length()) + ".0";
    }

    private static String scientific(String digits, int exponent) {
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = Integer.toString(Math.abs(exponent));
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + (exp.length() < 2 ? "0" + exp : exp);
    }
}
