# expect: runtime_error
# feedback: an Embedding before it adds an axis
# feedback: turns word indexes (integers) into vectors
# feedback: already a vector of 2 features
from tensorflow.keras.layers import Embedding, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(Embedding(10, 8, input_shape=(3, 2)))
model.add(SimpleRNN(4, return_sequences=True))
