package dev.pods;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * An exact fraction, as Clojure's ratios ({@code 1/3}) arrive at a host without Clojure: never
 * rounded. Always in lowest terms with a positive denominator greater than one (a whole number is
 * not a ratio, in Clojure or here); this type passed to a Clojure function becomes a ratio in the pod.
 *
 * @param numerator   the numerator
 * @param denominator the denominator, greater than one once normalised
 */
@API(status = EXPERIMENTAL, since = "1.0")
public record Ratio(BigInteger numerator, BigInteger denominator) implements Comparable<Ratio> {

    /**
     * Normalises: lowest terms, the sign on the numerator.
     *
     * @throws ArithmeticException      the denominator is zero
     * @throws IllegalArgumentException the fraction is a whole number (use {@code BigInteger} or {@code Long})
     */
    public Ratio {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (denominator.signum() == 0) {
            throw new ArithmeticException("a ratio's denominator cannot be zero (" + numerator + "/0)");
        }
        BigInteger g = numerator.gcd(denominator);
        if (denominator.signum() < 0) {
            g = g.negate();
        }
        BigInteger n = numerator.divide(g);
        BigInteger d = denominator.divide(g);
        if (d.equals(BigInteger.ONE)) {
            throw new IllegalArgumentException(numerator + "/" + denominator + " is the whole number " + n
                    + ", not a ratio; pass it as a Long or BigInteger");
        }
        numerator = n;
        denominator = d;
    }

    /** {@code numerator/denominator}, normalised. */
    public static Ratio of(long numerator, long denominator) {
        return new Ratio(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    /** The quotient rounded to {@code mc}: an explicit, caller-chosen rounding. */
    public BigDecimal toBigDecimal(MathContext mc) {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), mc);
    }

    /** The nearest double. */
    public double doubleValue() {
        return toBigDecimal(MathContext.DECIMAL64).doubleValue();
    }

    @Override
    public int compareTo(Ratio o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    /** As Clojure prints it: {@code 1/3}. */
    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
