package org.npy4j.array;

/**
 * An immutable complex number {@code re + im·j}, the value of one {@code complex64}/{@code complex128}/{@code clongdouble}
 * element. Equality compares both parts like {@link Double#equals} (so NaN equals NaN and 0.0 differs from -0.0).
 *
 * <pre>{@code
 * NdArray z = NdArray.zeros(DType.COMPLEX128, 2);
 * z.setComplex(Complex.of(1, -2), 0);
 * Complex c = z.getComplex(0);          // (1.0-2.0j)
 * }</pre>
 *
 * <p>Thread safety: immutable, safe to share between threads.
 */
public final class Complex {
    private final double re;
    private final double im;

    private Complex(double re, double im) {
        this.re = re;
        this.im = im;
    }

    /**
     * Returns {@code re + im·j}.
     *
     * @param re the real part
     * @param im the imaginary part
     * @return the complex number
     */
    public static Complex of(double re, double im) {
        return new Complex(re, im);
    }

    /**
     * Returns the real part.
     *
     * @return the real part
     */
    public double re() {
        return re;
    }

    /**
     * Returns the imaginary part.
     *
     * @return the imaginary part
     */
    public double im() {
        return im;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Complex)) {
            return false;
        }
        Complex c = (Complex) o;
        return Double.doubleToLongBits(re) == Double.doubleToLongBits(c.re)
                && Double.doubleToLongBits(im) == Double.doubleToLongBits(c.im);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(re) + Double.hashCode(im);
    }

    /** Returns Python's spelling, such as {@code (1.0-2.0j)}. */
    @Override
    public String toString() {
        String sign = im < 0 || im == 0 && 1 / im < 0 || Double.isNaN(im) && Double.doubleToRawLongBits(im) < 0 ? "-" : "+";
        return "(" + re + sign + Math.abs(im) + "j)";
    }
}
