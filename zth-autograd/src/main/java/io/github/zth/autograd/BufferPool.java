package io.github.zth.autograd;

import io.github.zth.autograd.internal.StoragePool;
import java.util.function.Supplier;

/**
 * A caching allocator for tensors made over and over in the same sizes, as a training step makes
 * its activations and gradients: PyTorch's CUDA caching allocator, made safe for a language with no
 * reference counts. Inside a {@linkplain #open() scope} every new tensor's buffer comes from the
 * pool; closing the scope hands them all back, and the next step's tensors reuse them, so a
 * steady-state step allocates almost nothing.
 *
 * <pre>{@code
 * BufferPool pool = new BufferPool();        // lives as long as the training loop
 * for (int step = 0; step < steps; step++) {
 *   try (BufferPool.Scope s = pool.open()) {
 *     Tensor loss = model.forward(x).crossEntropy(y);
 *     loss.backward();                       // parameters' .grad live outside the pool
 *     optimizer.step();                      // so does the optimizer's state
 *     losses[step] = loss.item();            // a double escapes; the tensor does not
 *   }
 * }
 * }</pre>
 *
 * <p><b>Why a scope.</b> Java cannot tell when the last reference to a tensor goes away, so the
 * pool cannot recycle a buffer the moment it dies, as PyTorch's allocator does. The scope draws the
 * line instead: everything made inside it dies with it. A tensor made inside and used after the
 * scope closed is refused with an {@link IllegalStateException} naming the scope, never silently
 * read from a recycled buffer; {@link Scope#keep} exempts a tensor that must outlive the step.
 * Parameters' gradients ({@code .grad}) and tensors made before the scope opened are never pooled.
 * Code that makes long-lived state lazily during a step (an optimizer's moments) does so inside
 * {@link #unpooled}.
 *
 * <p>Scopes belong to the thread that opened them, as {@link GradMode}'s switch does, and nest; the
 * pool itself may be shared by threads.
 */
public final class BufferPool {
  private final StoragePool pool;

  /**
   * An empty pool capped at an eighth of the JVM's maximum heap: enough for a GPT step of the
   * course's sizes to run entirely from the pool, while a step of a large model (GPT-2's
   * parameter-sized gradient temporaries) cannot pin several heap-fulls until its scope closes.
   */
  public BufferPool() {
    this(Runtime.getRuntime().maxMemory() / 8);
  }

  /**
   * An empty pool that manages at most {@code maxBytes}, counting the buffers open scopes hold and
   * those cached for the next scope. A scope holds what it allocates until it closes, where the
   * garbage collector would reclaim a dead intermediate at once; past the cap a scope's tensors are
   * ordinary heap tensors, so the cap bounds that cost. 0 turns pooling off.
   *
   * @throws IllegalArgumentException if maxBytes is negative
   */
  public BufferPool(long maxBytes) {
    pool = new StoragePool(maxBytes);
  }

  /** The cap on the bytes this pool manages, as given or defaulted. */
  public long maxBytes() {
    return pool.maxBytes();
  }

  /**
   * Opens a scope on this thread: until it closes, new tensors take their buffers from this pool.
   *
   * @return the scope, to close (try-with-resources) when its tensors are no longer needed
   */
  public Scope open() {
    return new Scope(pool.open());
  }

  /**
   * @return the bytes of the buffers the pool holds for the next scope
   */
  public long cachedBytes() {
    return pool.cachedBytes();
  }

  /**
   * Runs {@code body} with this thread's scope (if any) set aside, so the tensors it makes are
   * ordinary heap tensors that outlive the scope: for state made lazily during a step, such as an
   * optimizer's moment buffers or a parameter's first gradient.
   *
   * @param <T> the body's result type
   * @param body the code whose tensors must outlive the scope
   * @return what the body returned
   */
  @SuppressWarnings("try") // the guard is used for its scope
  public static <T> T unpooled(Supplier<T> body) {
    try (StoragePool.Suspended off = StoragePool.suspend()) {
      return body.get();
    }
  }

  /** A region of work whose tensors die together; see {@link BufferPool}. */
  public static final class Scope implements AutoCloseable {
    private final StoragePool.Region scope;

    private Scope(StoragePool.Region scope) {
      this.scope = scope;
    }

    /**
     * Exempts {@code t}'s buffer (shared by all its views) from this scope's release, so {@code t}
     * stays valid after close; the buffer then belongs to the heap, not the pool.
     *
     * @param t a tensor made inside this scope
     * @return {@code t}
     */
    public Tensor keep(Tensor t) {
      scope.keep(t.arr().storage());
      return t;
    }

    /**
     * Returns every buffer made in this scope (and not kept) to the pool; tensors over them are
     * refused from now on. Closing twice does nothing.
     */
    @Override
    public void close() {
      scope.close();
    }
  }
}
