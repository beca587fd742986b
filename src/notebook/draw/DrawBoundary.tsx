/** Keeps a rendering failure of the drawing cell inside the cell, as a message with a retry, instead of taking the notebook down. */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class DrawBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn('mnist-notebook: the drawing cell failed to render', error, info.componentStack);
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <section className="cell" data-testid="cell.draw" aria-label="Draw a digit">
        <p className="draw-message draw-message--error" role="alert" data-testid="draw.crash">
          The drawing pad failed: {this.state.error.message}.{' '}
          <button type="button" onClick={() => this.setState({ error: null })}>
            Start the pad again
          </button>
        </p>
      </section>
    );
  }
}
