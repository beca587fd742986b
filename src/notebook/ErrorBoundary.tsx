import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** What failed, for the console, e.g. "the drawing cell". */
  what?: string;
  /** Shown instead of the children; `retry` renders them again. By default, the whole-page message with a reload button. */
  fallback?: (error: Error, retry: () => void) => ReactNode;
}

interface State {
  error: Error | null;
}

/** A rendering bug shows a message (for the page, or for one cell) and a way out, never a blank page. */
export class ErrorBoundary extends Component<Props, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn(`mnist-notebook: ${this.props.what ?? 'a cell'} failed to render`, error, info.componentStack);
  }

  private readonly retry = () => this.setState({ error: null });

  render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (this.props.fallback) return this.props.fallback(error, this.retry);
    return (
      <div className="crash" role="alert">
        <h1>mnist-notebook</h1>
        <p>Something in the notebook failed to render: {error.message}</p>
        <button type="button" onClick={() => location.reload()}>
          Reload the page
        </button>
      </div>
    );
  }
}
