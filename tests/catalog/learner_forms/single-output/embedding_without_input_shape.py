# expect: runtime_error
# feedback: an Embedding before it adds an axis
# feedback: already a vector of 2 features
# The model is never built, so Keras raises nothing: the grader reads the shapes itself.
from tensorflow.keras.layers import Embedding, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential([Embedding(50, 8), SimpleRNN(4)])
