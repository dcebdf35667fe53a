from tensorflow.keras.layers import LSTM
from tensorflow.keras.models import Sequential

# One unit per word? units is the size of the hidden state, not the number of words.
model = Sequential()
model.add(LSTM({{ timesteps }}, input_shape=({{ timesteps }}, {{ features }}), return_sequences=True))
