package demo;

import java.nio.file.Path;
import org.npy4j.Npy;
import org.npy4j.Npz;
import org.npy4j.array.NdArray;

/** Saves an array, loads it back and prints it: what a user's first program does. */
public class Main {
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        NdArray a = NdArray.of(new double[][] {{1, 2, 3}, {4, 5, 6.5}});
        Npy.save(out, a);
        NdArray b = Npy.load(out);
        System.out.println(b.dtype().str() + " " + java.util.Arrays.toString(b.shape()) + " " + b.getDouble(1, 2));
        Path npz = Path.of(args[1]);
        Npz.savez(npz, java.util.Map.of("a", a));
        try (org.npy4j.npz.NpzFile f = Npz.open(npz)) {
            System.out.println(f.files() + " " + f.get("a").getDouble(0, 1));
        }
    }
}
