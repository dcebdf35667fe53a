# expect: accepted
# A variable number of time steps: None takes the 3 words the exercise feeds.
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(None, 2), return_sequences=True))
