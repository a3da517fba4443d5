// zth's JShell start-up: the imports a lecture needs, and data(NAME) for the course's files.
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;
import io.github.zth.autograd.*;
import io.github.zth.autograd.micrograd.*;
import io.github.zth.autograd.random.*;
import io.github.zth.nn.*;
import io.github.zth.nn.Module;   // not java.lang.Module
import io.github.zth.nn.optim.*;
import io.github.zth.data.*;
import io.github.zth.data.tokenizer.*;
import io.github.zth.gpt.*;
import io.github.zth.examples.Plot;

/** A course data file by name (names.txt, tinyshakespeare.txt, ...), found as every --data is. */
Path data(String name) throws java.io.IOException {
  return Datasets.defaults().resolve(name);
}
